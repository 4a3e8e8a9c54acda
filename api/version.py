from importlib.metadata import PackageNotFoundError, version

try:
    API_VERSION = version("hospital-kg")
except PackageNotFoundError:  # running from a source tree that was not installed
    API_VERSION = "0.0.0+source"
