#include "store.h"

bool place(Store &s, int id) {
  if (!s.begin())
    return false;
  if (!s.insert(id))
    return false;
  s.commit();
  return true;
}

// Negative: the same workflow written correctly.
bool place_checked(Store &s, int id) {
  if (!s.begin())
    return false;
  if (!s.insert(id)) {
    s.rollback();
    return false;
  }
  return s.commit();
}
