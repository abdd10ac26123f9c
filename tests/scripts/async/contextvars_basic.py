import contextvars

v = contextvars.ContextVar("v", default="dflt")
w = contextvars.ContextVar("w")
print(v.name, v.get(), w.get("fallback"))
try:
    w.get()
except LookupError as e:
    print("LookupError", type(e).__name__, e.args[0] is w)
t = v.set("one")
print(v.get(), t.var is v, t.old_value is contextvars.Token.MISSING)
t2 = v.set("two")
print(v.get(), t2.old_value)
v.reset(t2)
print(v.get())
v.reset(t)
print(v.get())
try:
    v.reset(t)
except RuntimeError as e:
    print("RuntimeError:", str(e)[:15], str(e)[-25:])
print(repr(t)[:15], repr(contextvars.Token.MISSING), contextvars.Context.__module__)
tw = w.set(1)
try:
    v.reset(tw)
except ValueError as e:
    print("ValueError:", str(e).split(" ")[-3:])
ctx = contextvars.copy_context()
print(type(ctx).__name__, w in ctx, v in ctx, ctx[w], ctx.get(v), ctx.get(v, "x"), len(ctx))
def f(a, b):
    w.set(a + b)
    print("inside run:", w.get())
    return "ret"
print(ctx.run(f, 2, 3))
print("outside:", w.get(), "ctx sees:", ctx[w])
try:
    ctx.run(lambda: ctx.run(f, 0, 0))
except RuntimeError as e:
    print("RuntimeError:", str(e)[:38], str(e)[-19:])
try:
    ctx.get("w")
except TypeError as e:
    print("TypeError:", e)
empty = contextvars.Context()
print(contextvars.Context() == contextvars.Context(), ctx != ctx.copy(), ctx == empty)
print(len(empty), list(empty))
print(empty.run(w.get, "no value in empty context"))
print(sorted(k.name for k in ctx), sorted(ctx.values()) if False else len(list(ctx.items())))
try:
    contextvars.ContextVar(5)
except TypeError as e:
    print("TypeError:", e)
c2 = ctx.copy()
c2.run(w.set, 100)
print(ctx[w], c2[w])
try:
    ctx[v]
except KeyError:
    print("KeyError for unset var")
