// Money helpers. Every amount in the shop is an integer number of cents
// (int64_t); nothing here uses floating point.
#ifndef SHOP_MONEY_H
#define SHOP_MONEY_H

#include <cstdint>
#include <string>

namespace shop {

/// Divides and rounds half toward zero, e.g. roundDiv(250, 100) == 2.
inline int64_t roundDiv(int64_t Numerator, int64_t Denominator) {
  int64_t Half = (Denominator - 1) / 2;
  if (Numerator < 0)
    return -((-Numerator + Half) / Denominator);
  return (Numerator + Half) / Denominator;
}

/// Percent of an amount in cents, rounded to the nearest cent.
inline int64_t percentOf(int64_t AmountCents, int Percent) {
  return roundDiv(AmountCents * Percent, 100);
}

/// Basis points (1/100 of a percent) of an amount, rounded to the nearest cent.
inline int64_t basisPointsOf(int64_t AmountCents, int BasisPoints) {
  return roundDiv(AmountCents * BasisPoints, 10000);
}

/// "$12.34" or "-$0.05"; for receipts and logs.
inline std::string formatCents(int64_t AmountCents) {
  std::string Sign = AmountCents < 0 ? "-" : "";
  int64_t Abs = AmountCents < 0 ? -AmountCents : AmountCents;
  std::string Cents = std::to_string(Abs % 100);
  if (Cents.size() < 2)
    Cents.insert(0, "0");
  return Sign + "$" + std::to_string(Abs / 100) + "." + Cents;
}

} // namespace shop

#endif // SHOP_MONEY_H
