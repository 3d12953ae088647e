// Must compile: the control that shows a wall test fails for the wall, not for a broken harness.
#include "source/DataSource.h"
