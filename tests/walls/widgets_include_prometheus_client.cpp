// Must not compile: panels get ready-made data; they never see the Prometheus client.
#include "prometheus/PrometheusClient.h"
