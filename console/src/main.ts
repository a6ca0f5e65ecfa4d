// The console's entry: Element Plus in Chinese, the session read before the first page is chosen.
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './console.css';
import App from './App.vue';
import { router } from './router';
import { loadSession } from './session';

await loadSession();
createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app');
