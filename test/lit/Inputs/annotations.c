#include <riskguard/annotations.h>

RG_TIER1("pricing") long discount(long cents);
long discount(long cents) { return cents / 10; }
int main(void) { return (int)discount(10); }
