#include "series/TimeZones.h" // settings keep the zone's name; what it means is the series library's
