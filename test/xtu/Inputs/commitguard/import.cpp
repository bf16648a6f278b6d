#include "store.h"

#include <string>
#include <vector>

void importRows(Store &store, const std::vector<std::string> &rows) {
  AutoCommit scope(store);
  for (const std::string &row : rows) {
    int id = std::stoi(row);
    store.exec("INSERT INTO rows VALUES (" + std::to_string(id) + ")");
  }
}
