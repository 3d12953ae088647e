// Must not compile: alerting reaches data through the DataSource interface only (see CMakeLists.txt).
#include "prometheus/PrometheusClient.h"
