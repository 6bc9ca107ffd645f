// Puts the pricing rules together into a quote for a whole cart.
#include "shop/cart.h"
#include "shop/pricing.h"

namespace shop {
namespace pricing {

Quote quoteOrder(const Cart &C, const Customer &Cust, int TaxRateBasisPoints) {
  Quote Q;
  Q.SubtotalCents = C.subtotal();
  int64_t Discounted =
      applyDiscount(Q.SubtotalCents, effectiveDiscountPercent(Cust));
  Q.DiscountCents = Q.SubtotalCents - Discounted;
  Q.ShippingCents = shippingFee(Discounted);
  Q.TaxCents = computeTax(Discounted, TaxRateBasisPoints);
  Q.TotalCents = Discounted + Q.ShippingCents + Q.TaxCents;
  return Q;
}

} // namespace pricing
} // namespace shop
