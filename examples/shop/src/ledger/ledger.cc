#include "shop/ledger.h"

namespace shop {
namespace ledger {

void Ledger::recordCharge(const std::string &OrderId,
                          const std::string &Account, int64_t AmountCents) {
  Entries.push_back(Entry{OrderId, Account, AmountCents, EntryKind::Charge});
}

bool Ledger::recordRefund(const std::string &OrderId, int64_t AmountCents) {
  if (AmountCents <= 0 || AmountCents > netForOrder(OrderId))
    return false;
  std::string Account;
  for (const Entry &E : Entries)
    if (E.OrderId == OrderId && E.Kind == EntryKind::Charge)
      Account = E.Account;
  Entries.push_back(Entry{OrderId, Account, AmountCents, EntryKind::Refund});
  return true;
}

int64_t Ledger::balance() const {
  int64_t Sum = 0;
  for (const Entry &E : Entries)
    Sum += E.Kind == EntryKind::Charge ? E.AmountCents : -E.AmountCents;
  return Sum;
}

int64_t Ledger::netForOrder(const std::string &OrderId) const {
  int64_t Net = 0;
  for (const Entry &E : Entries) {
    if (E.OrderId != OrderId)
      continue;
    Net += E.Kind == EntryKind::Charge ? E.AmountCents : -E.AmountCents;
  }
  return Net;
}

} // namespace ledger
} // namespace shop
