#include "shop/cart.h"
#include "shop/money.h"
#include "shop/pricing.h"

#include <gtest/gtest.h>

using namespace shop;

TEST(MoneyTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(roundDiv(250, 100), 3);
  EXPECT_EQ(roundDiv(249, 100), 2);
  EXPECT_EQ(roundDiv(-250, 100), -3);
}

TEST(MoneyTest, FormatsCents) {
  EXPECT_EQ(formatCents(123456), "$1234.56");
  EXPECT_EQ(formatCents(5), "$0.05");
  EXPECT_EQ(formatCents(-99), "-$0.99");
}

TEST(PricingTest, AppliesPercentDiscount) {
  EXPECT_EQ(pricing::applyDiscount(10000, 10), 9000);
  EXPECT_EQ(pricing::applyDiscount(1999, 15), 1699);
}

TEST(PricingTest, ZeroDiscountKeepsSubtotal) {
  (void)0;
  EXPECT_EQ(pricing::applyDiscount(10000, 0), 10000);
  EXPECT_EQ(pricing::applyDiscount(0, 20), 0);
}

TEST(PricingTest, TaxRoundsToNearestCent) {
  EXPECT_EQ(pricing::computeTax(10000, 825), 825);
  EXPECT_EQ(pricing::computeTax(199, 825), 16);
  EXPECT_EQ(pricing::computeTax(10000, 0), 0);
  EXPECT_EQ(pricing::computeTax(10000, 9000), 2500);
}

TEST(PricingTest, FreeShippingThreshold) {
  EXPECT_EQ(pricing::shippingFee(4999), 599);
  EXPECT_EQ(pricing::shippingFee(5000), 0);
  EXPECT_EQ(pricing::shippingFee(0), 0);
}

TEST(PricingTest, LoyaltyBonus) {
  EXPECT_EQ(pricing::loyaltyBonusPercent(499), 0);
  EXPECT_EQ(pricing::loyaltyBonusPercent(500), 2);
  EXPECT_EQ(pricing::loyaltyBonusPercent(1000), 5);
  Customer C{"acct-1", 1200, 10};
  EXPECT_EQ(pricing::effectiveDiscountPercent(C), 15);
}

TEST(PricingTest, CouponsAreCapped) {
  Customer Big{"acct-2", 0, 50};
  EXPECT_EQ(pricing::effectiveDiscountPercent(Big), 40);
  Customer AtCap{"acct-4", 0, 40};
  EXPECT_EQ(pricing::effectiveDiscountPercent(AtCap), 40);
  Customer Loyal{"acct-3", 1000, 50};
  EXPECT_EQ(pricing::effectiveDiscountPercent(Loyal), 45);
}

TEST(PricingTest, QuotesWholeCart) {
  Cart C;
  C.addItem("mug", 3500, 2);
  C.addItem("teapot", 3000, 1);
  Customer Cust{"acct-1", 0, 10};
  Quote Q = pricing::quoteOrder(C, Cust, 825);
  EXPECT_EQ(Q.SubtotalCents, 10000);
  EXPECT_EQ(Q.DiscountCents, 1000);
  EXPECT_EQ(Q.ShippingCents, 0);
  EXPECT_EQ(Q.TaxCents, 743);
  EXPECT_EQ(Q.TotalCents, 9743);
}
