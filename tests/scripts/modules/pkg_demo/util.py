# helper: a module inside pkg_demo
print("util loaded", __name__, __package__)


def double(x):
    return x * 2
