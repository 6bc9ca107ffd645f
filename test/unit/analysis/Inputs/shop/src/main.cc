#include "pricing.h"
#include <cstdio>
#include <vector>

int main(int Argc, char **) {
  std::vector<int> V{discount(1000, Argc > 1), fee(10)};
  std::printf("%d\n", total(V));
  return 0;
}
