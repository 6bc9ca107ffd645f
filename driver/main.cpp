//===- main.cpp - The riskguard executable --------------------------------===//
#include "driver/RiskguardMain.h"

int main(int Argc, const char **Argv) {
  return riskguard::riskguardMain(Argc, Argv);
}
