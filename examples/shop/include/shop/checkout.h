// Checkout: quote, charge, book. Tier-1 "transaction" code through the
// policy's qualified_name rule for shop::checkout::*.
#ifndef SHOP_CHECKOUT_H
#define SHOP_CHECKOUT_H

#include "shop/cart.h"
#include "shop/ledger.h"
#include "shop/payment.h"
#include "shop/pricing.h"

#include <cstdint>
#include <string>

namespace shop {
namespace checkout {

struct Receipt {
  bool Ok = false;
  std::string OrderId;
  Quote Price;
  std::string Gateway;
  std::string AuthCode;
  std::string Error;
};

class Checkout {
public:
  Checkout(ledger::Ledger &Books, int TaxRateBasisPoints)
      : Books(Books), TaxRateBasisPoints(TaxRateBasisPoints) {}

  /// Prices the cart, charges the gateway and books the charge.
  Receipt placeOrder(const Cart &C, const Customer &Cust,
                     payment::PaymentGateway &Gateway);
  /// Refunds part or all of an order; false if more than was charged.
  bool refund(const std::string &OrderId, int64_t AmountCents);

private:
  std::string nextOrderId();

  ledger::Ledger &Books;
  int TaxRateBasisPoints;
  int OrderCounter = 0;
};

} // namespace checkout
} // namespace shop

#endif // SHOP_CHECKOUT_H
