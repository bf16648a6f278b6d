#include "service.h"

bool refund(Store &s, int id) {
  if (!s.begin())
    return false;
  if (!s.insert(id)) {
    s.rollback();
    return false;
  }
  s.commit();
  return true;
}
