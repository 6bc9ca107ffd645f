#include "shop/money.h"
#include "shop/payment.h"

namespace shop {
namespace payment {

ChargeResult CardGateway::charge(const std::string &Account,
                                 int64_t AmountCents) {
  ChargeResult R;
  if (Account.empty()) {
    R.DeclineReason = "no card on file";
    return R;
  }
  if (AmountCents <= 0) {
    R.DeclineReason = "invalid amount";
    return R;
  }
  if (AmountCents > LimitCents) {
    R.DeclineReason = "over card limit of " + formatCents(LimitCents);
    return R;
  }
  R.Approved = true;
  R.AuthCode = "CARD-" + std::to_string(NextAuth++);
  return R;
}

} // namespace payment
} // namespace shop
