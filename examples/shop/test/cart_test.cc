#include "shop/cart.h"

#include <gtest/gtest.h>

namespace {

class CartTest : public ::testing::Test {
protected:
  void SetUp() override {
    C.addItem("mug", 1250, 2);
    C.addItem("tea", 899, 1);
  }
  shop::Cart C;
};

TEST_F(CartTest, SubtotalSumsLines) {
  EXPECT_EQ(C.subtotal(), 3399);
  EXPECT_EQ(C.itemCount(), 3);
}

TEST_F(CartTest, SameSkuMergesIntoOneLine) {
  C.addItem("mug", 1250, 1);
  EXPECT_EQ(C.lines().size(), 2u);
  EXPECT_EQ(C.subtotal(), 4649);
}

TEST_F(CartTest, IgnoresNonPositiveQuantity) {
  C.addItem("spoon", 300, 0);
  C.addItem("fork", 300, -2);
  EXPECT_EQ(C.itemCount(), 3);
}

TEST_F(CartTest, RemovesItems) {
  EXPECT_TRUE(C.removeItem("mug"));
  EXPECT_FALSE(C.removeItem("mug"));
  EXPECT_EQ(C.subtotal(), 899);
}

TEST_F(CartTest, DebugStringListsLines) {
  EXPECT_EQ(C.debugString(), "mug x2 @ $12.50\ntea x1 @ $8.99\n");
}

} // namespace
