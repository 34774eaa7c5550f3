import { render } from "preact";
import { App } from "./app";
import "./base.css";
import "./views.css";

const root = document.getElementById("app");
if (root !== null) render(<App />, root);
