# full-stderr
class ConfigError(Exception):
    pass
def load(d):
    try:
        d.pop("key")
    except KeyError as e:
        raise ConfigError("missing key") from e
load({})
