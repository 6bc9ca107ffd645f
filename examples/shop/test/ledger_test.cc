#include "shop/ledger.h"

#include <gtest/gtest.h>

using shop::ledger::EntryKind;
using shop::ledger::Ledger;

TEST(LedgerTest, BalanceNetsRefunds) {
  Ledger L;
  L.recordCharge("order-1", "acct-1", 2500);
  L.recordCharge("order-2", "acct-2", 1000);
  EXPECT_TRUE(L.recordRefund("order-1", 500));
  EXPECT_EQ(L.balance(), 3000);
  EXPECT_EQ(L.netForOrder("order-1"), 2000);
  ASSERT_EQ(L.entries().size(), 3u);
  EXPECT_EQ(L.entries().back().Kind, EntryKind::Refund);
  EXPECT_EQ(L.entries().back().Account, "acct-1");
}

TEST(LedgerTest, RefundOfUnknownOrderFails) {
  Ledger L;
  L.recordCharge("order-1", "acct-1", 2500);
  EXPECT_FALSE(L.recordRefund("order-9", 100));
  EXPECT_FALSE(L.recordRefund("order-1", 2501));
  EXPECT_EQ(L.balance(), 2500);
}
