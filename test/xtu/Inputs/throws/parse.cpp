#include "parse.h"

int parse_quantity(const std::string &text) {
  int quantity = std::stoi(text);
  if (quantity <= 0)
    throw std::invalid_argument("quantity");
  return quantity;
}

int parse_quantity_or_zero(const std::string &text) noexcept {
  try {
    return parse_quantity(text);
  } catch (...) {
    return 0;
  }
}

std::string describe(long item) { return "item " + std::to_string(item); }
