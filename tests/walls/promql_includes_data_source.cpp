#include "source/DataSource.h" // PromQL is the language alone: no server behind it
