from collections import defaultdict, OrderedDict, ChainMap, UserDict, UserList

dd = defaultdict(list)
for k, v in [('a', 1), ('b', 2), ('a', 3)]:
    dd[k].append(v)
print(dd, dd['a'], len(dd))
print(dd['missing'], dd)
ci = defaultdict(int)
for ch in 'mississippi':
    ci[ch] += 1
print(ci, dict(ci), isinstance(ci, dict))
print(ci.default_factory, defaultdict().default_factory, defaultdict())
nd = defaultdict(None, {'x': 1})
print(nd)
try:
    nd['y']
except KeyError as e:
    print('KeyError', e)
print(dd.get('zz'), 'zz' in dd, defaultdict(lambda: 'dflt')['q'])
cp = ci.copy(); cp['new'] += 5; print(type(cp).__name__, cp['new'], 'new' in ci)
od = OrderedDict()
od['b'] = 1; od['a'] = 2; od['c'] = 3
print(od, list(od), list(od.items()))
od.move_to_end('b'); print(od)
od.move_to_end('c', last=False); print(od)
print(od.popitem(), od.popitem(last=False), od)
print(OrderedDict(), OrderedDict([('x', 1), ('y', 2)]), OrderedDict(k=5))
o1 = OrderedDict([('a', 1), ('b', 2)]); o2 = OrderedDict([('b', 2), ('a', 1)])
print(o1 == o2, o1 == dict(o2), dict(o1) == o2, o1 == o1.copy())
print(list(reversed(o1)), OrderedDict.fromkeys('xyz', 0))
try:
    OrderedDict().popitem()
except KeyError as e:
    print('KeyError', e)
base = {'a': 1, 'b': 2}; over = {'b': 20, 'c': 30}
cm = ChainMap(over, base)
print(cm['a'], cm['b'], cm['c'], len(cm), sorted(cm), 'a' in cm, cm.get('q', 0))
cm['d'] = 4; print(over, cm)
child = cm.new_child(); child['a'] = 100; print(child['a'], cm['a'], child.parents)
try:
    cm['zzz']
except KeyError as e:
    print('KeyError', e)
ud = UserDict({'a': 1}, b=2); ud['c'] = 3
print(ud, len(ud), ud['a'], 'c' in ud, sorted(ud))
ul = UserList([3, 1, 2]); ul.append(0); ul.sort()
print(ul, len(ul), ul[0], ul[1:], ul + [9], 2 in ul)
