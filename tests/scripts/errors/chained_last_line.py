try:
    {}["k"]
except KeyError:
    raise TypeError("second error wins the last line")
