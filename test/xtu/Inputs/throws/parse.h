#pragma once
#include <pqxx/pqxx>
#include <string>

// Defined in parse.cpp.
int parse_quantity(const std::string &text);
int parse_quantity_or_zero(const std::string &text) noexcept;
std::string describe(long item);
