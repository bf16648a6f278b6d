bool valid_image(int imgid) { return imgid > 0; }
