#include "shop/cart.h"
#include "shop/money.h"

#include <algorithm>
#include <numeric>

namespace shop {

void Cart::addItem(const std::string &Sku, int64_t UnitPriceCents,
                   int Quantity) {
  if (Quantity <= 0 || UnitPriceCents < 0)
    return;
  for (CartLine &L : Lines) {
    if (L.Sku == Sku) {
      L.Quantity += Quantity;
      return;
    }
  }
  Lines.push_back(CartLine{Sku, UnitPriceCents, Quantity});
}

bool Cart::removeItem(const std::string &Sku) {
  auto It = std::find_if(Lines.begin(), Lines.end(),
                         [&](const CartLine &L) { return L.Sku == Sku; });
  if (It == Lines.end())
    return false;
  Lines.erase(It);
  return true;
}

int64_t Cart::subtotal() const {
  return std::accumulate(Lines.begin(), Lines.end(), int64_t{0},
                         [](int64_t Sum, const CartLine &L) {
                           return Sum + L.UnitPriceCents * L.Quantity;
                         });
}

int Cart::itemCount() const {
  int Count = 0;
  for (const CartLine &L : Lines)
    Count += L.Quantity;
  return Count;
}

std::string Cart::debugString() const {
  std::string Out;
  for (const CartLine &L : Lines)
    Out += L.Sku + " x" + std::to_string(L.Quantity) + " @ " +
           formatCents(L.UnitPriceCents) + "\n";
  return Out;
}

} // namespace shop
