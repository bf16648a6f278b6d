#pragma once
#include "store.h"

bool refund(Store &s, int id);
