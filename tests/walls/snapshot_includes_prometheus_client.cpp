// Must not compile: snapshots reach data through the DataSource interface only.
#include "prometheus/PrometheusClient.h"
