source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_conv_true_silu(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 256
	%13 = add i64 %12, %9
	%14 = mul i64 %3, %5
	%15 = add i64 %14, %1
	%16 = mul i64 %15, 256
	%17 = add i64 %16, %13
	%18 = icmp slt i64 %17, %i0
	br i1 %18, label %if.1, label %if.join.2

if.1:
	%19 = srem i64 %17, %i1
	%20 = sdiv i64 %17, %i1
	%21 = srem i64 %20, %i2
	%22 = sdiv i64 %20, %i2
	%23 = getelementptr float, float addrspace(1)* %p2, i64 %19
	%24 = load float, float addrspace(1)* %23, align 4
	%25 = sub i64 %21, %i6
	%26 = icmp slt i64 0, %i4
	br i1 %26, label %loop.3, label %loop.exit.4

if.join.2:
	ret void

loop.3:
	%27 = phi i64 [ 0, %if.1 ], [ %88, %ifv.join.6 ]
	%28 = phi float [ %24, %if.1 ], [ %87, %ifv.join.6 ]
	%29 = mul i64 %27, %i5
	%30 = add i64 %25, %29
	%31 = icmp sge i64 %30, 0
	%32 = icmp slt i64 %30, %i3
	%33 = and i1 %31, %32
	br i1 %33, label %ifv.5, label %ifv.join.6

loop.exit.4:
	%34 = phi float [ %24, %if.1 ], [ %87, %ifv.join.6 ]
	%35 = call float @llvm.fabs.f32(float %34)
	%36 = fneg float %35
	%37 = fcmp olt float %36, -115.0
	%38 = select i1 %37, float -115.0, float %36
	%39 = fcmp ogt float %38, 89.0
	%40 = select i1 %39, float 89.0, float %38
	%41 = call float @llvm.fmuladd.f32(float %40, float 0x3FF7154760000000, float 1.2582912e+07)
	%42 = fsub float %41, 1.2582912e+07
	%43 = call float @llvm.fmuladd.f32(float %42, float 0xBFE62E4000000000, float %40)
	%44 = call float @llvm.fmuladd.f32(float %42, float 0xBEB7F7D1C0000000, float %43)
	%45 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %44, float 0x3F81239E00000000)
	%46 = call float @llvm.fmuladd.f32(float %45, float %44, float 0x3FA5558F20000000)
	%47 = call float @llvm.fmuladd.f32(float %46, float %44, float 0x3FC5554920000000)
	%48 = call float @llvm.fmuladd.f32(float %47, float %44, float 0x3FDFFFFFC0000000)
	%49 = fmul float %44, %44
	%50 = call float @llvm.fmuladd.f32(float %48, float %49, float %44)
	%51 = fadd float %50, 1.0
	%52 = bitcast float %41 to i32
	%53 = sub i32 %52, u0x4B400000
	%54 = ashr i32 %53, 1
	%55 = sub i32 %53, %54
	%56 = add i32 %54, 127
	%57 = shl i32 %56, 23
	%58 = bitcast i32 %57 to float
	%59 = add i32 %55, 127
	%60 = shl i32 %59, 23
	%61 = bitcast i32 %60 to float
	%62 = fmul float %51, %58
	%63 = fmul float %62, %61
	%64 = fadd float 1.0, %63
	%65 = fcmp olt float %34, 0.0
	%66 = fmul float %34, %62
	%67 = select i1 %65, float %66, float %34
	%68 = select i1 %65, float %61, float 1.0
	%69 = fdiv float %67, %64
	%70 = fmul float %69, %68
	%71 = fcmp olt float %34, -115.0
	%72 = select i1 %71, float -0.0, float %70
	%73 = fcmp oeq float %34, 0xFFF0000000000000
	%74 = select i1 %73, float 0x7FF8000000000000, float %72
	%75 = getelementptr float, float addrspace(1)* %p3, i64 %17
	store float %74, float addrspace(1)* %75, align 4
	br label %if.join.2

ifv.5:
	%76 = mul i64 %22, %i3
	%77 = add i64 %76, %30
	%78 = mul i64 %77, %i1
	%79 = add i64 %78, %19
	%80 = getelementptr float, float addrspace(1)* %p0, i64 %79
	%81 = load float, float addrspace(1)* %80, align 4
	%82 = mul i64 %19, %i4
	%83 = add i64 %82, %27
	%84 = getelementptr float, float addrspace(1)* %p1, i64 %83
	%85 = load float, float addrspace(1)* %84, align 4
	%86 = call float @llvm.fmuladd.f32(float %85, float %81, float %28)
	br label %ifv.join.6

ifv.join.6:
	%87 = phi float [ %28, %loop.3 ], [ %86, %ifv.5 ]
	%88 = add i64 %27, 1
	%89 = icmp slt i64 %88, %i4
	br i1 %89, label %loop.3, label %loop.exit.4
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare float @llvm.fabs.f32(float %0)
