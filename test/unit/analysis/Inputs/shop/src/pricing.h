#pragma once
#include <vector>
int discount(int Cents, bool Member);
int fee(int Cents);
template <typename T> T total(const std::vector<T> &V) {
  T Sum{};
  for (const T &X : V)
    Sum += X;
  return Sum;
}
