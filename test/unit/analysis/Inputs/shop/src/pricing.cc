#include "pricing.h"

int discount(int Cents, bool Member) {
  if (Member)
    return Cents * 9 / 10;
  return Cents;
}

int fee(int Cents) {
  if (Cents > 1000)
    return 0;
  return 50;
}
