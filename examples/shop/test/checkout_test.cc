#include "shop/checkout.h"

#include <gtest/gtest.h>

using namespace shop;

namespace {

class CheckoutTest : public ::testing::Test {
protected:
  CheckoutTest() : Till(Books, 825) {
    // $100.00 before the 10% coupon: free shipping, 8.25% tax on $90.00.
    C.addItem("mug", 3500, 2);
    C.addItem("teapot", 3000, 1);
  }
  ledger::Ledger Books;
  checkout::Checkout Till;
  Cart C;
  Customer Alice{"4111-1111", 0, 10};
};

TEST_F(CheckoutTest, ChargesCardAndBooksTheOrder) {
  payment::CardGateway Card(100000);
  checkout::Receipt R = Till.placeOrder(C, Alice, Card);
  ASSERT_TRUE(R.Ok) << R.Error;
  EXPECT_EQ(R.Price.TotalCents, 9743);
  EXPECT_EQ(R.Gateway, "card");
  EXPECT_EQ(R.AuthCode, "CARD-1000");
  EXPECT_EQ(Books.balance(), 9743);
}

TEST_F(CheckoutTest, CardOverLimitIsDeclined) {
  payment::CardGateway Card(5000);
  checkout::Receipt R = Till.placeOrder(C, Alice, Card);
  EXPECT_FALSE(R.Ok);
  EXPECT_EQ(R.Error, "payment declined: over card limit of $50.00");
  EXPECT_TRUE(Books.entries().empty());
}

TEST_F(CheckoutTest, GiftCardPaysWhenLoaded) {
  payment::GiftCardGateway Gift;
  Gift.load("GC-7", 20000);
  Customer Bob{"GC-7", 0, 10};
  checkout::Receipt R = Till.placeOrder(C, Bob, Gift);
  ASSERT_TRUE(R.Ok) << R.Error;
  EXPECT_EQ(Gift.balance("GC-7"), 20000 - 9743);
}

TEST_F(CheckoutTest, GiftCardDeclinedWhenBalanceTooLow) {
  payment::GiftCardGateway Gift;
  Gift.load("GC-8", 5000);
  Customer Bob{"GC-8", 0, 10};
  checkout::Receipt R = Till.placeOrder(C, Bob, Gift);
  EXPECT_FALSE(R.Ok);
  EXPECT_EQ(Gift.balance("GC-8"), 5000);
  EXPECT_EQ(Books.balance(), 0);
}

TEST_F(CheckoutTest, EmptyCartIsRejected) {
  payment::CardGateway Card(100000);
  checkout::Receipt R = Till.placeOrder(Cart(), Alice, Card);
  EXPECT_FALSE(R.Ok);
  EXPECT_EQ(R.Error, "cart is empty");
}

TEST_F(CheckoutTest, RefundCannotExceedCharge) {
  payment::CardGateway Card(100000);
  checkout::Receipt R = Till.placeOrder(C, Alice, Card);
  ASSERT_TRUE(R.Ok) << R.Error;
  EXPECT_FALSE(Till.refund(R.OrderId, 10000));
  EXPECT_TRUE(Till.refund(R.OrderId, 743));
  EXPECT_EQ(Books.balance(), 9000);
}

} // namespace
