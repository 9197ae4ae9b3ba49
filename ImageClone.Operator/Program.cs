Console.WriteLine("ImageClone");
