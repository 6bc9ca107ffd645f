#include "shop/checkout.h"
#include "shop/money.h"

namespace shop {
namespace checkout {

Receipt Checkout::placeOrder(const Cart &C, const Customer &Cust,
                             payment::PaymentGateway &Gateway) {
  Receipt R;
  R.Gateway = Gateway.name();
  auto Fail = [&R](const std::string &Why) {
    R.Ok = false;
    R.Error = Why;
    return R;
  };
  if (C.empty())
    return Fail("cart is empty");

  R.Price = pricing::quoteOrder(C, Cust, TaxRateBasisPoints);
  payment::ChargeResult Charge =
      Gateway.charge(Cust.Account, R.Price.TotalCents);
  if (!Charge.Approved)
    return Fail("payment declined: " + Charge.DeclineReason);

  R.OrderId = nextOrderId();
  R.AuthCode = Charge.AuthCode;
  Books.recordCharge(R.OrderId, Cust.Account, R.Price.TotalCents);
  R.Ok = true;
  return R;
}

bool Checkout::refund(const std::string &OrderId, int64_t AmountCents) {
  if (AmountCents <= 0)
    return false;
  return Books.recordRefund(OrderId, AmountCents);
}

std::string Checkout::nextOrderId() {
  return "order-" + std::to_string(++OrderCounter);
}

} // namespace checkout
} // namespace shop
