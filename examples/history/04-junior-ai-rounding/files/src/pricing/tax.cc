// Sales tax and shipping.
#include "shop/money.h"
#include "shop/pricing.h"

namespace shop {
namespace pricing {

int64_t computeTax(int64_t AmountCents, int RateBasisPoints) {
  if (AmountCents <= 0 || RateBasisPoints <= 0)
    return 0;
  if (RateBasisPoints > 2500)
    RateBasisPoints = 2500; // no sales tax above 25%
  return basisPointsOf(AmountCents, RateBasisPoints);
}

int64_t shippingFee(int64_t SubtotalCents) {
  if (SubtotalCents <= 0)
    return 0;
  if (SubtotalCents >= 5000)
    return 0; // free shipping from $50
  return 599;
}

} // namespace pricing
} // namespace shop
