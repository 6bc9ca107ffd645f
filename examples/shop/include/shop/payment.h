// Payment gateways. The whole namespace is tier-1 "payment" code.
#ifndef SHOP_PAYMENT_H
#define SHOP_PAYMENT_H

#include <riskguard/annotations.h>

#include <cstdint>
#include <map>
#include <string>

namespace shop {
namespace RG_TIER1("payment") payment {

struct ChargeResult {
  bool Approved = false;
  std::string AuthCode;
  std::string DeclineReason;
};

/// A way to take money from a customer account.
class PaymentGateway {
public:
  virtual ~PaymentGateway() = default;
  /// Takes AmountCents from Account; AmountCents must be positive.
  virtual ChargeResult charge(const std::string &Account,
                              int64_t AmountCents) = 0;
  virtual std::string name() const = 0;
};

/// Credit card processor with a per-charge limit.
class CardGateway final : public PaymentGateway {
public:
  explicit CardGateway(int64_t LimitCents) : LimitCents(LimitCents) {}
  ChargeResult charge(const std::string &Account,
                      int64_t AmountCents) override;
  std::string name() const override { return "card"; }

private:
  int64_t LimitCents;
  int NextAuth = 1000;
};

/// Prepaid gift cards held by the shop.
class GiftCardGateway final : public PaymentGateway {
public:
  void load(const std::string &Card, int64_t AmountCents);
  int64_t balance(const std::string &Card) const;
  ChargeResult charge(const std::string &Account,
                      int64_t AmountCents) override;
  std::string name() const override { return "gift-card"; }

private:
  std::map<std::string, int64_t> Balances;
};

} // namespace payment
} // namespace shop

#endif // SHOP_PAYMENT_H
