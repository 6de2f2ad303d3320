import { main } from "../runtime/main";

await main({ web: false, worker: true });
