// The Pyodide that the notebook tests route into the JupyterLite kernel.
//
// The site's kernel (jupyterlite-pyodide-kernel 0.8) expects Pyodide >= 0.28; the
// runtime assembled for the tests (tests/notebooks/pyodide_runtime.py) is 0.27.7.
// This module bridges the two differences that the kernel's micropip meets:
// `pyodide.lockfileBaseUrl` (the folder of pyodide-lock.json) and
// `pyodide._api.install`, which takes a metadata object since 0.28 but
// (buffer, filename, dir, installer, source) in 0.27.
import { loadPyodide as loadRuntime } from "./pyodide.mjs";

const BASE_URL = new URL(".", import.meta.url).href;

function metadataValue(metadata, key) {
  if (metadata && typeof metadata.get === "function") {
    return metadata.get(key);
  }
  return metadata ? metadata[key] : undefined;
}

function adaptInstall(api) {
  const install = api.install;
  api.install = (buffer, filename, dir, metadata, source) => {
    if (typeof metadata === "string" || metadata === undefined) {
      return install(buffer, filename, dir, metadata, source);
    }
    const installer = metadataValue(metadata, "INSTALLER") ?? "micropip";
    const origin = metadataValue(metadata, "PYODIDE_SOURCE") ?? "pypi";
    return install(buffer, filename, dir, installer, origin);
  };
}

export async function loadPyodide(options = {}) {
  const pyodide = await loadRuntime({ ...options, indexURL: BASE_URL });
  if (pyodide.lockfileBaseUrl === undefined) {
    pyodide.lockfileBaseUrl = BASE_URL;
  }
  adaptInstall(pyodide._api);
  return pyodide;
}
