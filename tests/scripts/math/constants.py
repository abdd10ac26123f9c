import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.isnan(math.nan), math.isinf(math.inf), math.isfinite(1.0), math.isfinite(math.inf))
print(repr(math.pi * 2 == math.tau), math.e ** 1 == math.exp(1))
