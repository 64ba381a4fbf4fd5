// The few things the Studio's Blazor components cannot ask the browser for themselves.
window.flowdocsStudio = {
    // Where an element sits in the viewport: the canvas turns pointer positions into diagram coordinates with it.
    rect: function (element) {
        if (!element) {
            return null;
        }

        const r = element.getBoundingClientRect();
        return { left: r.left, top: r.top, width: r.width, height: r.height };
    }
};
