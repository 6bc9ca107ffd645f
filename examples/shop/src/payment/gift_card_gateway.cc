#include "shop/money.h"
#include "shop/payment.h"

namespace shop {
namespace payment {

void GiftCardGateway::load(const std::string &Card, int64_t AmountCents) {
  if (AmountCents > 0)
    Balances[Card] += AmountCents;
}

int64_t GiftCardGateway::balance(const std::string &Card) const {
  auto It = Balances.find(Card);
  return It == Balances.end() ? 0 : It->second;
}

ChargeResult GiftCardGateway::charge(const std::string &Account,
                                     int64_t AmountCents) {
  ChargeResult R;
  int64_t Available = balance(Account);
  if (AmountCents <= 0 || AmountCents > Available) {
    R.DeclineReason = "gift card balance " + formatCents(Available);
    return R;
  }
  Balances[Account] = Available - AmountCents;
  R.Approved = true;
  R.AuthCode = "GIFT-" + Account;
  return R;
}

} // namespace payment
} // namespace shop
