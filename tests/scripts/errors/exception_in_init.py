class Config:
    def __init__(self, path):
        print("loading", path)
        self.data = self.parse(path)
    def parse(self, path):
        if not path.endswith(".cfg"):
            raise ValueError("unsupported config file: " + path)
        return {}
Config("settings.cfg")
Config("settings.json")
