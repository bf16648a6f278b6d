#pragma once
#include "store.h"

bool place(Store &s, int id);
