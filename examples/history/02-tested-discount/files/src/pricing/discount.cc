// Discount rules: coupons, loyalty bonus, and the cap on both.
#include "shop/money.h"
#include "shop/pricing.h"

namespace shop {
namespace pricing {

int64_t applyDiscount(int64_t SubtotalCents, int Percent) {
  if (SubtotalCents <= 0 || Percent <= 0)
    return SubtotalCents;
  if (Percent > 75)
    Percent = 75; // clearance items go up to three quarters off
  return SubtotalCents - percentOf(SubtotalCents, Percent);
}

int loyaltyBonusPercent(int LoyaltyPoints) {
  if (LoyaltyPoints >= 1000)
    return 5;
  if (LoyaltyPoints >= 500)
    return 2;
  return 0;
}

int effectiveDiscountPercent(const Customer &C) {
  int Coupon = C.CouponPercent;
  if (Coupon > 40)
    Coupon = 40; // coupons stack with loyalty, so keep them modest
  return Coupon + loyaltyBonusPercent(C.LoyaltyPoints);
}

} // namespace pricing
} // namespace shop
