// The shopping cart: lines of (SKU, unit price, quantity).
#ifndef SHOP_CART_H
#define SHOP_CART_H

#include <riskguard/annotations.h>

#include <cstdint>
#include <string>
#include <vector>

namespace shop {

struct CartLine {
  std::string Sku;
  int64_t UnitPriceCents = 0;
  int Quantity = 0;
};

/// Every member is tier-1 "transaction" code, except the debug dump.
class RG_TIER1("transaction") Cart {
public:
  /// Adds Quantity units; a SKU already in the cart gets its quantity raised.
  void addItem(const std::string &Sku, int64_t UnitPriceCents, int Quantity);
  /// Removes a SKU; returns false when it was not in the cart.
  bool removeItem(const std::string &Sku);
  /// Sum of unit price times quantity over all lines, in cents.
  int64_t subtotal() const;
  /// Number of units (not lines) in the cart.
  int itemCount() const;
  bool empty() const { return Lines.empty(); }
  const std::vector<CartLine> &lines() const { return Lines; }

  /// One line per cart line, for logs.
  RG_NOT_TIER1("debug output only, no money moves")
  std::string debugString() const;

private:
  std::vector<CartLine> Lines;
};

} // namespace shop

#endif // SHOP_CART_H
