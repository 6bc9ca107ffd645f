// The shop's books: every charge and refund, append-only. Tier-1 through the
// policy's path rule for src/ledger/**.
#ifndef SHOP_LEDGER_H
#define SHOP_LEDGER_H

#include <riskguard/annotations.h>

#include <cstdint>
#include <string>
#include <vector>

namespace shop {
namespace ledger {

enum class EntryKind { Charge, Refund };

struct Entry {
  std::string OrderId;
  std::string Account;
  int64_t AmountCents = 0;
  EntryKind Kind = EntryKind::Charge;
};

class RG_OWNERS("@shop/finance") Ledger {
public:
  void recordCharge(const std::string &OrderId, const std::string &Account,
                    int64_t AmountCents);
  /// Refunds at most what was charged for the order; false if it would exceed.
  bool recordRefund(const std::string &OrderId, int64_t AmountCents);
  /// Net amount taken in, in cents.
  int64_t balance() const;
  /// Charged minus refunded for one order.
  int64_t netForOrder(const std::string &OrderId) const;
  const std::vector<Entry> &entries() const { return Entries; }

private:
  std::vector<Entry> Entries;
};

} // namespace ledger
} // namespace shop

#endif // SHOP_LEDGER_H
