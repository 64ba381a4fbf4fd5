// The few things the Studio's Blazor components cannot ask the browser for themselves.
window.flowdocsStudio = {
    // Where an element sits in the viewport: the canvas turns pointer positions into diagram coordinates with it.
    rect: function (element) {
        if (!element) {
            return null;
        }

        const r = element.getBoundingClientRect();
        return { left: r.left, top: r.top, width: r.width, height: r.height };
    },

    // Monaco (BlazorMonaco's copy, served by this app: no CDN) is several megabytes: loaded the first time a code
    // editor is shown, not on every page. The scripts run in the order BlazorMonaco's documentation gives.
    loadMonaco: function () {
        if (!this.monaco) {
            const load = src => new Promise((resolve, reject) => {
                const script = document.createElement('script');
                script.src = src;
                script.onload = resolve;
                script.onerror = () => reject(new Error('Could not load ' + src));
                document.head.appendChild(script);
            });
            const base = '_content/BlazorMonaco/';
            this.monaco = load(base + 'jsInterop.js')
                .then(() => load(base + 'lib/monaco-editor/min/vs/loader.js'))
                .then(() => load(base + 'lib/monaco-editor/min/vs/editor/editor.main.js'));
        }

        return this.monaco;
    },

    // Sends the editor's text to .NET when it loses the focus, with the event itself: a click on "Save draft" that
    // blurred the editor reaches the circuit after the text, so the save includes it.
    watchCodeEditor: function (id, dotnet) {
        const editor = window.blazorMonaco.editor.getEditor(id);
        editor.onDidBlurEditorText(() => dotnet.invokeMethodAsync('CodeChanged', editor.getValue()));
    }
};
