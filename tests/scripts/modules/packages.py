# Packages: __init__.py, submodules, relative imports, import forms.
import pkg_demo
print(pkg_demo.VERSION, pkg_demo.double(2))
import pkg_demo.inner.deep
print(pkg_demo.inner.deep.run())
from pkg_demo.inner import deep as d
print(d.run(), d is pkg_demo.inner.deep)
from pkg_demo import util
print(util.double(5), util.__name__, util.__package__)
import pkg_demo.util as u
print(u is util)
try:
    import pkg_demo.missing
except ModuleNotFoundError as e:
    print(e, e.name)
try:
    from pkg_demo import nothing
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
try:
    import pkg_demo.util.x
except ModuleNotFoundError as e:
    print(e)
try:
    from . import something
except ImportError as e:
    print(e)
