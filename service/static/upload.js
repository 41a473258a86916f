// Drag and drop onto the upload form: dropped files go into the form's file input, so the form
// posts them as if they had been chosen with the file picker.
(function () {
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("files");
  var list = document.getElementById("file-list");
  if (!zone || !input) return;
  function show() {
    list.innerHTML = "";
    for (var i = 0; i < input.files.length; i++) {
      var item = document.createElement("li");
      item.textContent = input.files[i].name + " (" + input.files[i].size + " o)";
      list.appendChild(item);
    }
  }
  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    var transfer = new DataTransfer();
    for (var i = 0; i < input.files.length; i++) transfer.items.add(input.files[i]);
    for (var j = 0; j < e.dataTransfer.files.length; j++) transfer.items.add(e.dataTransfer.files[j]);
    input.files = transfer.files;
    show();
  });
  input.addEventListener("change", show);
})();
