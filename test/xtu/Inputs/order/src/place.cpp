#include "place.h"

bool place(Store &s, int id) {
  if (!s.begin())
    return false;
  if (!s.insert(id))
    return false;
  return s.commit();
}
