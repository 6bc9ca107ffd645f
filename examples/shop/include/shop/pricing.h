// Discounts, tax and shipping. Only the functions marked RG_TIER1 are tier-1;
// the rest of shop::pricing is ordinary code.
#ifndef SHOP_PRICING_H
#define SHOP_PRICING_H

#include <riskguard/annotations.h>

#include <cstdint>
#include <string>

namespace shop {

class Cart;

struct Customer {
  std::string Account;
  int LoyaltyPoints = 0;
  int CouponPercent = 0;
};

struct Quote {
  int64_t SubtotalCents = 0;
  int64_t DiscountCents = 0;
  int64_t ShippingCents = 0;
  int64_t TaxCents = 0;
  int64_t TotalCents = 0;
};

namespace pricing {

/// Subtotal after a percentage discount; never more than half off.
RG_TIER1("pricing")
RG_TESTED_BY("PricingTest.AppliesPercentDiscount")
int64_t applyDiscount(int64_t SubtotalCents, int Percent);

/// Sales tax on an amount, Rate in basis points (825 = 8.25%).
RG_TIER1("pricing")
int64_t computeTax(int64_t AmountCents, int RateBasisPoints);

/// Flat-rate shipping, free from a threshold on.
RG_TIER1("pricing")
int64_t shippingFee(int64_t SubtotalCents);

/// Extra discount percent earned with loyalty points.
int loyaltyBonusPercent(int LoyaltyPoints);

/// Coupon (capped) plus loyalty bonus, in percent.
RG_TIER1("pricing")
int effectiveDiscountPercent(const Customer &C);

/// Full price breakdown of a cart for a customer.
Quote quoteOrder(const Cart &C, const Customer &Cust, int TaxRateBasisPoints);

} // namespace pricing
} // namespace shop

#endif // SHOP_PRICING_H
